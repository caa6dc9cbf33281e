export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string };
}
