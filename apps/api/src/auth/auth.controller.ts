/** Session and CSRF (api.md): csrf, login, logout, me, register. */
import { requestRecordOf } from '../observability/http-observer';
import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG, type Config } from '../config/config';
import type { HttpReply, HttpRequest } from '../http/http';
import { ApiNoBody, ApiProblems, ApiSession, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../http/api-docs';
import { NoBodyPipe } from '../http/no-body.pipe';
import { Problem } from '../http/problem';
import { ReadModels } from '../projections/read-models';
import { GridShortcut } from '../seats/seat-grid/grid-shortcut';
import { RegisterUser } from '../users/register-user/register-user.handler';
import { publicUser, type SessionUser } from '../users/user-accounts';
import { LoginBody, RegisterBody } from './auth.dto';
import { CSRF, type Csrf } from './csrf.provider';
import { LocalAuthGuard } from './local-auth.guard';
import { currentUser } from './guards';
import { logIn, logOut } from './sessions';
import { CsrfTokenSchema, UserAnswerSchema } from './user.schema';

@ApiTags('session')
@Controller()
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CSRF) private readonly csrf: Csrf,
    private readonly shortcut: GridShortcut,
  ) {}

  @Get('csrf')
  @ApiOperation({ operationId: 'getCsrfToken', summary: 'Get a CSRF token', description: 'Sets the cookie XSRF-TOKEN (and an anonymous session, to which the token is bound). Send its value in the X-XSRF-TOKEN header on every unsafe call, login included.' })
  @ApiOkResponse({ type: CsrfTokenSchema, description: 'The token; the same value is in the cookie XSRF-TOKEN.' })
  token(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply) {
    return { csrfToken: this.csrf.issue(req, res) };
  }

  /** The guard checks the body and the password and logs in (new session id); the answer rotates the CSRF token. */
  @Post('login')
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ operationId: 'login', summary: 'Log in', description: 'Starts a new session (new session id) and rotates the CSRF token: read the XSRF-TOKEN cookie again.' })
  @ApiSessionAndCsrf()
  @ApiBody({ type: LoginBody })
  @ApiOkResponse({ type: UserAnswerSchema, description: 'Logged in; the session cookie tessera.sid is set.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'invalid_credentials', 'account_disabled', 'rate_limited', 'unavailable'])
  login(@Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply) {
    this.csrf.issue(req, res);
    return { user: publicUser(currentUser(req)) };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'Log out', description: 'Destroys the session server-side and issues a fresh CSRF token.' })
  @ApiSessionAndCsrf()
  @ApiNoBody()
  @ApiNoContentResponse({ description: 'Logged out.' })
  @ApiProblems(UNSAFE_CALL_PROBLEMS)
  async logout(@Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply): Promise<void> {
    await logOut(req);
    this.shortcut.forget(req.raw);
    this.csrf.issue(req, res);
  }

  @Get('me')
  @ApiOperation({ operationId: 'getMe', summary: 'The logged-in user' })
  @ApiSession()
  @ApiOkResponse({ type: UserAnswerSchema })
  @ApiProblems(['unauthenticated'])
  me(@Req() req: HttpRequest) {
    return { user: publicUser(currentUser(req)) };
  }

  @Post('register')
  @ApiOperation({ operationId: 'register', summary: 'Register and log in', description: 'Creates a user with the role `user` and logs them in. Turned off by REGISTRATION=closed.' })
  @ApiSessionAndCsrf()
  @ApiCreatedResponse({ type: UserAnswerSchema, description: 'Registered and logged in; the session cookie tessera.sid is set.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'registration_closed', 'username_taken', 'unavailable'])
  async register(@Body() body: RegisterBody, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpReply) {
    if (this.config.registration === 'closed') throw new Problem('registration_closed', 'Registration is closed; ask an administrator for an account.');
    const { user, position } = await this.commands.execute(new RegisterUser(body.username, body.password, ['user'], undefined, requestRecordOf(req.raw)?.id));
    await this.readModels.caughtUpWith(position);
    const sessionUser: SessionUser = publicUser(user);
    await logIn(req, sessionUser);
    this.csrf.issue(req, res);
    res.status(201);
    return { user: sessionUser };
  }
}
