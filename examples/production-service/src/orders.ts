// The orders API: validation at the edge, parameterised queries, and structured errors.
import { Router } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

export interface Order {
  id: string;
  customerId: string;
  totalCents: number;
  status: 'pending' | 'paid' | 'shipped';
}

export function validateOrder(body: unknown): { customerId: string; totalCents: number } {
  const b = body as Record<string, unknown>;
  if (typeof b?.customerId !== 'string' || b.customerId.length === 0) throw new Error('customerId is required');
  if (typeof b.totalCents !== 'number' || !Number.isInteger(b.totalCents) || b.totalCents <= 0) throw new Error('totalCents must be a positive integer');
  return { customerId: b.customerId, totalCents: b.totalCents };
}

export function ordersRouter(pool: Pool, logger: Logger): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const { rows } = await pool.query<Order>('SELECT id, customer_id AS "customerId", total_cents AS "totalCents", status FROM orders ORDER BY created_at DESC LIMIT 100');
    res.json(rows);
  });
  r.post('/', async (req, res) => {
    try {
      const o = validateOrder(req.body);
      const { rows } = await pool.query('INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id', [o.customerId, o.totalCents]);
      res.status(201).json({ id: rows[0]?.id });
    } catch (err) {
      logger.info({ err }, 'rejected order');
      res.status(400).json({ error: (err as Error).message });
    }
  });
  return r;
}
