import type { ShopperClaims } from "./auth/tokens";

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; shopper: ShopperClaims };
}
