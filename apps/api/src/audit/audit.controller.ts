/** Audit (role auditor or admin). For now: verify; the log, seat history and time travel come with the audit issue. */
import { Controller, Get, UseGuards } from '@nestjs/common';
import { LoggedInGuard, Roles, RolesGuard } from '../auth/guards';
import { ReadModels } from '../projections/read-models';

@Controller('audit')
@UseGuards(LoggedInGuard, RolesGuard)
@Roles('auditor')
export class AuditController {
  constructor(private readonly readModels: ReadModels) {}

  /** Replays the history into a scratch read model and compares it with the live one. */
  @Get('verify')
  verify() {
    return this.readModels.runner.verify();
  }
}
