import { describe, expect, it } from 'vitest';
import request from 'supertest';

// Runs against the docker-compose stack (database included): npm run test:integration.
describe('orders API', () => {
  it('creates and lists an order', async () => {
    const base = process.env.API_URL ?? 'http://localhost:8080';
    const created = await request(base).post('/orders').send({ customerId: 'c1', totalCents: 500 });
    expect(created.status).toBe(201);
    const list = await request(base).get('/orders');
    expect(list.body.some((o: { id: string }) => o.id === created.body.id)).toBe(true);
  });
});
