import { config, telemetry } from './instrument'; // MUST stay the first import: telemetry starts there
import { bootService } from '@care/service-kit';
import { AppModule } from './app.module';

bootService({
  config,
  telemetry,
  module: AppModule.forRoot(config),
  grpcPackages: ['education', 'department'],
  openApi: {
    title: '教育服务（市教体局）',
    description:
      '本部门负责的流动儿童关爱服务：学校名单（Excel 导入）、就读登记（学校、年级、学位类型）、待服务名单、服务登记（已提供/拒绝/办理中）。儿童身份信息只经登记服务的审计查询获取。',
  },
});
