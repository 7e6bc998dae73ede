// @care/department-kit/testing — for integration tests only: the scenario every department
// service passes (grant -> worklist -> delivery -> move-out).
export * from './worklist-scenario';
