import { config } from './instrument'; // MUST stay the first import (telemetry patches modules as they load)
import { startHybridApp } from '@care/grpc';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('services-catalog 服务清单与服务权益')
      .setDescription('流动儿童在居住地享有关爱服务清单（市级基础清单与县区清单）、儿童服务权益与应享未享')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  const { httpUrl } = await startHybridApp(app, {
    grpc: { packages: ['catalogue'], url: config.GRPC_BIND_ADDRESS },
    httpPort: config.HTTP_PORT,
  });
  logger.log(`services-catalog ready: HTTP ${httpUrl}, gRPC ${config.GRPC_BIND_ADDRESS}`);
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists: print and fail the process so the orchestrator restarts it.
  console.error('services-catalog failed to start', error);
  process.exit(1);
});
