// @care/housing-transport-rules — the pure rules of housing (住建局) and transport (交通运输局).
export * from './bus-card';
export * from './housing-policy';
export * from './housing-application';
