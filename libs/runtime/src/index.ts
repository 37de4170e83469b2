export * from './config/env-config';
export * from './config/service-config';
export * from './http/problem-error';
export * from './http/problem-details.filter';
export * from './bootstrap/bootstrap-service';
export * from './infrastructure/service-infrastructure.module';
