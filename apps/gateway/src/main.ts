import { config, telemetry } from './instrument'; // MUST stay the first import: telemetry starts there
import { bootService } from '@care/service-kit';
import { AppModule } from './app.module';

bootService({
  config,
  telemetry,
  module: AppModule.forRoot(config),
  grpcPackages: [],
  openApi: {
    title: '跨区域网关（居住地—户籍地推送与比对）',
    description: '跨区域网关（居住地—户籍地推送与比对）',
  },
});
