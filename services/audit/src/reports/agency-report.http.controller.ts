import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectServiceConfig } from '@lt/runtime';
import { AuditConfig } from '../audit.config';
import { AuditorAuthGuard, RequireRole } from '../auth/auditor-auth.guard';
import { dateParam, oneOfParam, textParam } from '../http/query-params';
import { CSV_CONTENT_TYPE, toCsv } from '../http/csv';

export interface AgencyReportRow {
  /** Start of the period, Vietnam time (yyyy-mm-dd). */
  period: string;
  sent: number;
  received: number;
  confirmedReceipt: number;
  completed: number;
  medianSecondsToReceipt: number | null;
  medianSecondsToCompletion: number | null;
  overdueReceipts: number;
}

/** Per-agency reports over the lifecycle projection. */
@Controller('v1/audit/reports')
@UseGuards(AuditorAuthGuard)
@RequireRole('auditor')
export class AgencyReportHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectServiceConfig() private readonly config: AuditConfig,
  ) {}

  /**
   * `GET /v1/audit/reports/agencies/:code?from=&to=&period=day|month&format=csv`: documents the agency
   * sent and received per period (Vietnam time), the median time from delivery to its receipt (01/03)
   * and to completion (06) as a recipient, and its overdue receipts (no 01/03 within the deadline).
   */
  @Get('agencies/:code')
  async agency(
    @Param('code') code: string,
    @Query() query: Record<string, string | undefined>,
    @Res({ passthrough: true }) reply: { header(n: string, v: string): unknown },
  ) {
    const agency = textParam('code', code, 50) as string;
    const period = oneOfParam('period', query.period, ['day', 'month'] as const, 'month');
    const from = dateParam('from', query.from) ?? '1970-01-01';
    const to = dateParam('to', query.to) ?? '9999-01-01';
    const bucket = `to_char(date_trunc('${period}', submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD')`;
    const sent: Array<{ period: string; n: number }> = await this.dataSource.query(
      `SELECT ${bucket} AS period, count(*)::int AS n FROM audit.lifecycle
       WHERE sender_code = $1 AND submitted_at >= $2::timestamptz AND submitted_at < $3::timestamptz GROUP BY 1`,
      [agency, from, to],
    );
    const received: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT ${bucket} AS period, count(*)::int AS received, count(received_at)::int AS confirmed,
         count(completed_at)::int AS completed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - coalesce(delivered_at, submitted_at))) AS to_receipt,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - coalesce(delivered_at, submitted_at))) AS to_completion,
         count(*) FILTER (WHERE received_at IS NULL AND refused_at IS NULL AND (overdue_reported
           OR delivered_at < now() - make_interval(hours => $4)))::int AS overdue
       FROM audit.recipient_lifecycle
       WHERE recipient_code = $1 AND submitted_at >= $2::timestamptz AND submitted_at < $3::timestamptz GROUP BY 1`,
      [agency, from, to, this.config.AUDIT_RECEIPT_DEADLINE_HOURS],
    );
    const rows = new Map<string, AgencyReportRow>();
    const row = (p: string) => {
      let r = rows.get(p);
      if (!r) {
        r = {
          period: p,
          sent: 0,
          received: 0,
          confirmedReceipt: 0,
          completed: 0,
          medianSecondsToReceipt: null,
          medianSecondsToCompletion: null,
          overdueReceipts: 0,
        };
        rows.set(p, r);
      }
      return r;
    };
    for (const s of sent) row(s.period).sent = s.n;
    for (const r of received) {
      const target = row(r.period as string);
      target.received = Number(r.received);
      target.confirmedReceipt = Number(r.confirmed);
      target.completed = Number(r.completed);
      target.medianSecondsToReceipt = r.to_receipt === null ? null : Math.round(Number(r.to_receipt));
      target.medianSecondsToCompletion =
        r.to_completion === null ? null : Math.round(Number(r.to_completion));
      target.overdueReceipts = Number(r.overdue);
    }
    const periods = [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
    if (oneOfParam('format', query.format, ['json', 'csv'] as const, 'json') === 'csv') {
      reply.header('content-type', CSV_CONTENT_TYPE);
      return toCsv(
        [
          'period',
          'sent',
          'received',
          'confirmedReceipt',
          'completed',
          'medianSecondsToReceipt',
          'medianSecondsToCompletion',
          'overdueReceipts',
        ],
        periods.map((p) => [
          p.period,
          p.sent,
          p.received,
          p.confirmedReceipt,
          p.completed,
          p.medianSecondsToReceipt,
          p.medianSecondsToCompletion,
          p.overdueReceipts,
        ]),
      );
    }
    return {
      agencyCode: agency,
      period,
      from,
      to,
      receiptDeadlineHours: this.config.AUDIT_RECEIPT_DEADLINE_HOURS,
      periods,
    };
  }
}
