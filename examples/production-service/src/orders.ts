// The orders API: schema validation at the edge, parameterised queries, and structured errors.
import { Router } from 'express';
import { z } from 'zod';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

export interface Order {
  id: string;
  customerId: string;
  totalCents: number;
  status: 'pending' | 'paid' | 'shipped';
}

const NewOrder = z.object({
  customerId: z.string().min(1, 'customerId is required').max(64),
  totalCents: z.number().int().positive('totalCents must be a positive integer'),
});

export function validateOrder(body: unknown): { customerId: string; totalCents: number } {
  const parsed = NewOrder.safeParse(body);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
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
