// Flat ESLint configuration: recommended rules for TypeScript sources.
module.exports = [{ files: ['src/**/*.ts'], rules: { 'no-console': 'error', eqeqeq: 'error' } }];
