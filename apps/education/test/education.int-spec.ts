// The scenario every department service passes, on the real broker and database (grant ->
// worklist -> delivery -> move-out; @care/department-kit/testing). This department's own
// domain gets its own integration specs beside this one.
import { DeliveryEvents } from '@care/contracts';
import { describeWorklistScenario } from '@care/department-kit/testing';
import { AppModule } from '../src/app.module';
import { loadEducationConfig } from '../src/config';

describeWorklistScenario({
  name: 'education',
  load: loadEducationConfig,
  module: (config, clock) => AppModule.forRoot(config, { clock }),
  deliveryTopic: DeliveryEvents.education,
  department: 'DEPARTMENT_EDUCATION_SPORTS',
});
