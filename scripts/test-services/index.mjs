/**
 * The servers the test suites need, ready before they run and gone after. For each service:
 * the URL in its environment variable when set (CI, or your own server); else the server on
 * its default port when one answers; else one started here, on a free loopback port, and
 * stopped by `stop()`. The URLs are returned as environment variables for the test runs.
 *
 * A new service is one module exporting a `TestService`, added to SERVICES.
 */
import { postgresService } from "./postgres.mjs";
import { ensurePrometheus } from "./prometheus.mjs";
import { redisService } from "./redis.mjs";

/**
 * @typedef {object} TestService
 * @property {string} name
 * @property {string} envVar the variable the tests read the URL from
 * @property {string} defaultUrl used when it answers and envVar is unset
 * @property {(url: string) => Promise<boolean>} answers
 * @property {(context: { log: (line: string) => void }) => Promise<{ url: string, stop(): Promise<void> }>} start
 */

/** @type {TestService[]} */
export const SERVICES = [postgresService, redisService];

/**
 * @param {{ env?: NodeJS.ProcessEnv, services?: TestService[], log?: (line: string) => void }} [options]
 * @returns {Promise<{ env: Record<string, string>, stop(): Promise<void> }>}
 */
export async function startTestServices(options = {}) {
  const { env = process.env, services = SERVICES, log = (line) => console.log(line) } = options;
  /** @type {Record<string, string>} */
  const urls = {};
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stop = async () => {
    const pending = stops.splice(0).reverse();
    for (const stopOne of pending) await stopOne().catch((error) => console.error(error));
  };
  try {
    for (const service of services) {
      const say = (/** @type {string} */ line) => log(`test services: ${service.name}: ${line}`);
      const given = env[service.envVar];
      if (given) {
        say(`using ${service.envVar}=${given}`);
        urls[service.envVar] = given;
      } else if (await service.answers(service.defaultUrl)) {
        say(`using the server answering at ${service.defaultUrl}`);
        urls[service.envVar] = service.defaultUrl;
      } else {
        say(`none answers at ${service.defaultUrl}; starting one for this run`);
        const started = await service.start({ log: say });
        stops.push(started.stop);
        urls[service.envVar] = started.url;
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  // Not a server: the commands the operations tests run (they start their own Prometheus).
  const tools = ensurePrometheus({ log: (line) => log(`test services: Prometheus: ${line}`) });
  return { env: { ...urls, ...tools }, stop };
}
