import http from 'k6/http';

export const options = { vus: 10, duration: '1m', thresholds: { http_req_duration: ['p(95)<300'] } };

export default function () {
  http.get('http://localhost:8000/orders');
}
