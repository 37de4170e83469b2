module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'signature-verification',
  rootDir: __dirname,
};
