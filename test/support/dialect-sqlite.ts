process.env.CMS_TEST_DIALECT = 'sqlite';
