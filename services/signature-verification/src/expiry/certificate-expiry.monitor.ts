import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { InjectServiceConfig } from '@lt/runtime';
import { findExpiringCertificates, VerificationDeps } from '../verification';
import { SignatureVerificationConfig } from '../signature-verification.config';
import { VERIFICATION_DEPS } from '../verification-dependencies';

const daysLeftGauge =
  (register.getSingleMetric('lt_certificate_days_until_expiry') as Gauge<string>) ??
  new Gauge({
    name: 'lt_certificate_days_until_expiry',
    help: 'Days until a trust anchor or intermediate expires (only those within the warning window)',
    labelNames: ['role', 'subject', 'fingerprint'],
  });

/** Warns operators, by log and metric, before a trust anchor or intermediate certificate expires. */
@Injectable()
export class CertificateExpiryMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CertificateExpiry');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(VERIFICATION_DEPS) private readonly deps: VerificationDeps,
    @InjectServiceConfig() private readonly config: SignatureVerificationConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.check();
    this.timer = setInterval(() => this.check(), 6 * 3600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    // The trust store watches its files; stop that with the service.
    this.deps.trustStore.close();
  }

  /** Refreshes the gauge and logs every certificate inside the warning window. */
  check(now = new Date()): void {
    daysLeftGauge.reset();
    for (const cert of findExpiringCertificates(
      { trustStore: this.deps.trustStore },
      this.config.CERT_EXPIRY_WARNING_DAYS,
      now,
    )) {
      daysLeftGauge.set(
        { role: cert.role, subject: cert.subject, fingerprint: cert.sha256Fingerprint },
        cert.daysLeft,
      );
      this.logger.warn(
        `${cert.role} "${cert.subject}" expires in ${cert.daysLeft} days (${cert.notAfter.toISOString()})`,
      );
    }
  }
}
