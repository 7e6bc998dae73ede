import { config, telemetry } from './instrument'; // MUST stay the first import: startTelemetry runs there
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { startHybridApp } from '@care/grpc';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);

  const openApi = new DocumentBuilder()
    .setTitle('登记服务 Registry (民政)')
    .setDescription(
      '流动儿童信息登记、每日身份重算、重点关爱台账导入。个人信息默认脱敏，完整查看须说明用途并记入审计。',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  // Global validation pipe + domain-error filter for both transports, gRPC with inheritAppConfig,
  // shutdown hooks, then listen and report SERVING.
  const started = await startHybridApp(app, {
    grpc: { packages: ['registry'], url: config.GRPC_BIND_ADDRESS },
    httpPort: config.HTTP_PORT,
  });
  logger.log({
    msg: 'registry ready',
    httpPort: config.HTTP_PORT,
    httpUrl: started.httpUrl,
    grpc: config.GRPC_BIND_ADDRESS,
  });
  process.once('beforeExit', () => void telemetry.shutdown());
}

bootstrap().catch((error: unknown) => {
  // Config and boot errors carry no personal data; print them whole so the operator sees why.
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
