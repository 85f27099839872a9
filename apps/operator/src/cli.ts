#!/usr/bin/env node
/**
 * vpp-operator: the long-running operator process. Exit codes: 0 done or stopped by SIGINT/SIGTERM, 1 runtime
 * failure, 2 configuration error.
 */
import { readDeployment } from './chain.js';
import { helpText, loadConfig, redactedConfig } from './config.js';
import { ConfigError, errorMessage, OperatorError, ShutdownError } from './errors.js';
import { createLogger } from './log.js';
import { Operator } from './operator.js';
import { sourceFromConfig } from './prices/from-config.js';
import { StatusLine } from './status.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText());
    return 0;
  }
  let loaded;
  try {
    loaded = loadConfig(argv);
  } catch (error) {
    console.error(`vpp-operator: ${errorMessage(error)}`);
    return 2;
  }
  const { config, privateKey } = loaded;
  const status = config.status === 'on' || (config.status === 'auto' && process.stdout.isTTY) ? new StatusLine(process.stdout) : null;
  const log = createLogger({ level: config.log.level, destination: status ? status.logStream() : process.stdout });
  let operator: Operator | null = null;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn({ event: 'forced_exit', signal }, 'second signal: exiting now');
      process.exit(130);
    }
    if (operator) operator.stop(signal);
    else process.exit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (!config.deployment) throw new ConfigError('--deployment <deployments JSON> is required');
    const deployment = readDeployment(config.deployment);
    log.info({ event: 'config', config: redactedConfig(config) }, 'configuration');
    operator = new Operator({
      config,
      privateKey,
      contracts: deployment.contracts,
      expectedChainId: deployment.chainId,
      source: sourceFromConfig(config),
      log,
      status,
    });
    await operator.start();
    if (signals > 0) operator.stop('signal during start-up');
    const summary = await operator.run();
    log.info({ event: 'summary', ...summary }, 'operator finished');
    return 0;
  } catch (error) {
    status?.clear();
    if (error instanceof ShutdownError) {
      log.info({ event: 'stopped', during: 'start-up' }, 'stopped before start-up completed');
      return 0;
    }
    const code = error instanceof OperatorError ? error.code : (error as Error).name;
    log.fatal({ event: 'fatal', code, err: errorMessage(error) }, 'operator failed');
    return error instanceof ConfigError ? 2 : 1;
  }
}

main().then(
  (code) => {
    // let pino flush
    setImmediate(() => process.exit(code));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
