// One jest configuration for every project; Nx targets pick the project (--roots) and the tier (file suffix).
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/.local/'],
  // Int and e2e tests talk to real servers that share two cores with everything else: jest's 5 s default failed
  // 15 ClickHouse hooks on a CI run at load 18. Speed is measured in bench/, never by a test's timeout.
  testTimeout: 30_000,
};
