process.env.CMS_TEST_DIALECT = 'mysql';
