const express = require('express');

const app = express();

app.get('/orders/:id', (req, res) => {
  res.json({ id: req.params.id, status: 'shipped' });
});

app.listen(process.env.PORT || 3000, () => console.log('orders service listening'));
