const express = require('express');
const { Pool } = require('pg');

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

app.get('/', async (req, res) => {
  const { rows } = await pool.query('SELECT now()');
  res.send(`Hello! The time is ${rows[0].now}`);
});

app.listen(process.env.PORT || 3000, () => console.log('listening'));
