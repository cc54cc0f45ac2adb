/** Session and CSRF (api.md): csrf, login, logout, me, register. */
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { CONFIG, type Config } from '../config/config';
import { NoBodyPipe } from '../http/no-body.pipe';
import { Problem } from '../http/problem';
import { ReadModels } from '../projections/read-models';
import { RegisterUser } from '../users/register-user/register-user.handler';
import { publicUser, type SessionUser } from '../users/user-accounts';
import { RegisterBody } from './auth.dto';
import { CSRF, type Csrf } from './csrf.provider';
import { LocalAuthGuard } from './local-auth.guard';
import { currentUser } from './guards';

@Controller()
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CSRF) private readonly csrf: Csrf,
  ) {}

  @Get('csrf')
  token(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return { csrfToken: this.csrf.issue(req, res) };
  }

  /** The guard checks the body and the password and logs in (new session id); the answer rotates the CSRF token. */
  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  login(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.csrf.issue(req, res);
    return { user: publicUser(currentUser(req)) };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body(NoBodyPipe) _body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    this.csrf.issue(req, res);
  }

  @Get('me')
  me(@Req() req: Request) {
    return { user: publicUser(currentUser(req)) };
  }

  @Post('register')
  async register(@Body() body: RegisterBody, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (this.config.registration === 'closed') throw new Problem('registration_closed', 'Registration is closed; ask an administrator for an account.');
    const { user, position } = await this.commands.execute(new RegisterUser(body.username, body.password, ['user']));
    await this.readModels.caughtUpWith(position);
    const sessionUser: SessionUser = publicUser(user);
    await new Promise<void>((resolve, reject) => req.login(sessionUser, (err) => (err ? reject(err) : resolve())));
    this.csrf.issue(req, res);
    res.status(201);
    return { user: sessionUser };
  }
}
