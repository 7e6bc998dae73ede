// The scenario every department service passes, on the real broker and database (grant ->
// worklist -> delivery -> move-out; @care/department-kit/testing). This department's own
// domain gets its own integration specs beside this one.
import { DeliveryEvents } from '@care/contracts';
import { describeWorklistScenario } from '@care/department-kit/testing';
import { AppModule } from '../src/app.module';
import { loadHealthInsuranceConfig } from '../src/config';

describeWorklistScenario({
  name: 'health-insurance',
  load: loadHealthInsuranceConfig,
  module: (config, clock) => AppModule.forRoot(config, { clock }),
  deliveryTopic: DeliveryEvents['health-insurance'],
  department: 'DEPARTMENT_HEALTH',
});
