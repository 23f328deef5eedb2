package runtime

import "github.com/taokit/taokit/internal/state"

// dissolveNetwork is do_dissolve_network (dtao.md §5.4).
// TODO(lead): owned by the staking work; replaced before submission.
func dissolveNetwork(c *Ctx, n state.NetUID) error { return ErrCallNotImplemented }
