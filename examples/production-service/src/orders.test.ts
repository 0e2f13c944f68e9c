import { describe, expect, it } from 'vitest';
import { validateOrder } from './orders';

describe('validateOrder', () => {
  it('accepts a valid order', () => {
    expect(validateOrder({ customerId: 'c1', totalCents: 1200 })).toEqual({ customerId: 'c1', totalCents: 1200 });
  });
  it('rejects a missing customer', () => {
    expect(() => validateOrder({ totalCents: 1 })).toThrow('customerId');
  });
  it('rejects a negative total', () => {
    expect(() => validateOrder({ customerId: 'c1', totalCents: -5 })).toThrow('totalCents');
  });
});
