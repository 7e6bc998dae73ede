import { config, telemetry } from './instrument'; // MUST stay the first import: telemetry starts there
import { bootService } from '@care/service-kit';
import { AppModule } from './app.module';

bootService({
  config,
  telemetry,
  module: AppModule.forRoot(config),
  grpcPackages: ['registry'],
  openApi: {
    title: '登记服务 Registry (民政)',
    description:
      '流动儿童信息登记、每日身份重算、重点关爱台账导入。个人信息默认脱敏，完整查看须说明用途并记入审计。',
  },
});
