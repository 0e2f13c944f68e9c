// k6 load test: 50 virtual users for 5 minutes; fails when p95 latency exceeds 300 ms or errors exceed 1%.
import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  stages: [
    { duration: '1m', target: 50 },
    { duration: '3m', target: 50 },
    { duration: '1m', target: 0 },
  ],
  thresholds: {
    http_req_duration: ['p(95)<300'],
    http_req_failed: ['rate<0.01'],
  },
};

export default function () {
  const base = __ENV.API_URL || 'http://localhost:8080';
  const res = http.post(`${base}/orders`, JSON.stringify({ customerId: 'load', totalCents: 100 }), { headers: { 'Content-Type': 'application/json' } });
  check(res, { created: (r) => r.status === 201 });
  http.get(`${base}/orders`);
  sleep(1);
}
