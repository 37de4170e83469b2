module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'edxml',
  rootDir: __dirname,
};
