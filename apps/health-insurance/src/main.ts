import { config, telemetry } from './instrument'; // MUST stay the first import: telemetry starts there
import { bootService } from '@care/service-kit';
import { AppModule } from './app.module';

bootService({
  config,
  telemetry,
  module: AppModule.forRoot(config),
  grpcPackages: ['department'],
  openApi: {
    title: '卫生健康与医疗保障服务（市卫健委、市医保局）',
    description:
      '本部门负责的流动儿童关爱服务：待服务名单、服务登记（已提供/拒绝/办理中）。儿童身份信息只经登记服务的审计查询获取。',
  },
});
