// Mocha setup: quiet logs in tests unless LOG_LEVEL is given.
process.env.LOG_LEVEL ??= 'silent';
