// One Jest run over every project (what `npm test` uses): a single worker pool and one summary.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
