import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config';

/** The application's pino logger: request logs (`requestLogging`) and Nest's own logs go through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Paths of log records that could carry a secret, whatever logged them. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.passwordConfirmation',
  '*.accessToken',
  '*.refreshToken',
  '*.accessKey',
  '*.token',
  '*.secret',
];

@Module({})
class RootLoggerModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: RootLoggerModule,
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Logger =>
            destination ? pino(loggerOptions(config), destination) : pino(loggerOptions(config)),
        },
      ],
      exports: [ROOT_LOGGER],
    };
  }
}

/**
 * Structured JSON logs. Nest's logger is nestjs-pino's, over the root logger; requests are logged
 * by `requestLogging` (mounted by `configureHttp`), so nestjs-pino mounts no middleware of its own.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    const root = RootLoggerModule.forRoot(destination);
    return {
      module: LoggingModule,
      imports: [
        root,
        LoggerModule.forRootAsync({
          imports: [root],
          inject: [ROOT_LOGGER],
          useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
        }),
      ],
      exports: [root],
    };
  }
}

function loggerOptions(config: AppConfig): LoggerOptions {
  return { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}
