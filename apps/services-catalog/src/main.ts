import { config, telemetry } from './instrument'; // MUST stay the first import: telemetry starts there
import { bootService } from '@care/service-kit';
import { AppModule } from './app.module';

bootService({
  config,
  telemetry,
  module: AppModule.forRoot(config),
  grpcPackages: ['catalogue'],
  openApi: {
    title: 'services-catalog 服务清单与服务权益',
    description: '流动儿童在居住地享有关爱服务清单（市级基础清单与县区清单）、儿童服务权益与应享未享',
  },
});
