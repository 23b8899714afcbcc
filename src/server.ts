/** Entry point: `npm start`. Reads the configuration once, starts the bot, stops cleanly on a signal. */
import { loadConfig, ConfigError } from './config';
import { SchoolConfigError } from './core/people/load-school';
import { startApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  try {
    const app = await startApp(config);
    const stop = async () => {
      await app.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  } catch (err) {
    if (err instanceof SchoolConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    console.error(`Could not start: ${(err as Error).message}`);
    process.exit(1);
  }
}

void main();
