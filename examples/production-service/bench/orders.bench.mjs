// Micro-benchmark of order validation with tinybench; run with npm run bench.
import { Bench } from 'tinybench';
import { validateOrder } from '../dist/orders.js';

const bench = new Bench({ time: 500 });
bench.add('validateOrder', () => validateOrder({ customerId: 'c1', totalCents: 1200 }));
await bench.run();
console.table(bench.table());
