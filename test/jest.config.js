// @ts-check
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// One SWC configuration for the build and the tests.
const root = join(__dirname, '..');
const swc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swc.$schema;
// moduleNameMapper resolves the @cms/* aliases under jest.
delete swc.jsc.baseUrl;
delete swc.jsc.paths;

// NestJS 12, file-type (and the tokenizers it reads through) and p-limit ship ESM only: SWC turns them into CommonJS for jest.
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  'uint8array-extras',
  '@borewit/text-codec',
  'p-limit',
  'yocto-queue',
];

/** @type {Partial<import('jest').Config>} */
const shared = {
  rootDir: root,
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: {
    // Dynamic imports name the built file (`./s3-storage.js`); jest reads the TypeScript source.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // file-type exports only `import` conditions: point jest's CommonJS resolver at its entry.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
    '^@cms/migrations$': '<rootDir>/migrations/index.ts',
    '^@cms/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testEnvironment: 'node',
};

const e2e = (dialect) => ({
  ...shared,
  displayName: `e2e:${dialect}`,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  setupFiles: [`<rootDir>/test/support/dialect-${dialect}.ts`],
  globalSetup: `<rootDir>/test/support/global-setup-${dialect}.ts`,
});

const projects = [
  { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
  {
    ...e2e('sqlite'),
    // Suites that need a server of their own to stop and start run against MariaDB only.
    testPathIgnorePatterns: ['/node_modules/', '\\.mysql-only\\.e2e-spec\\.ts$'],
  },
];
if (process.env.CMS_TEST_MYSQL_URL) projects.push(e2e('mysql'));

/** @type {import('jest').Config} */
// End-to-end suites start processes and hash passwords on two cores: give them time.
module.exports = { projects, maxWorkers: 2, testTimeout: 30_000 };
