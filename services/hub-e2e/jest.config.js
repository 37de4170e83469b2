module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hub-e2e',
  rootDir: __dirname,
  testTimeout: 60_000,
};
