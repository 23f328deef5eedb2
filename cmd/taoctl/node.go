package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/query"
)

// defaultNode is the local taod's API address.
const defaultNode = "http://127.0.0.1:9944"

// nodeClient is the API client plus the URL it was made for.
type nodeClient struct {
	*client.Client
	url string
}

// nodeAPI returns the client for --node, made on first use (commands that
// never touch the node never build it).
func (e *runEnv) nodeAPI() (*nodeClient, error) {
	if e.node != nil {
		return e.node, nil
	}
	raw := e.c.String(flagNode)
	if raw == "" {
		raw = defaultNode
	}
	u := raw
	if !strings.Contains(u, "://") {
		u = "http://" + u
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
		return nil, fmt.Errorf("%w: --node %q is not an http(s) URL", tcli.ErrConfig, raw)
	}
	e.node = &nodeClient{Client: client.New(u), url: u}
	return e.node, nil
}

// queryOpts returns the ?at= option for --at-block when it is set.
func (e *runEnv) queryOpts() []client.QueryOption {
	if e.c.IsSet(flagAtBlock) {
		return []client.QueryOption{client.At(e.c.Uint64(flagAtBlock))}
	}
	return nil
}

// nodeError turns a client error into one exitCode understands: a refused
// call keeps the chain's reason, a missing object is a precondition, an
// answer that is no answer is "node unreachable".
func (n *nodeClient) nodeError(what string, err error) error {
	var ce *client.Error
	if errors.As(err, &ce) {
		switch ce.Code {
		case api.CodeNotFound, api.CodePruned, api.CodeFutureHeight:
			return fmt.Errorf("%s: %w: %s", what, errPrecondition, ce.Message)
		case api.CodeTxRejected, api.CodeNonceTaken, api.CodeDropped, api.CodeAccountLimit:
			name := ce.Reason
			if name == "" {
				name = ce.Message
			}
			return &rejectedError{Call: what, Name: name}
		case api.CodeBadRequest, api.CodeMalformedTx:
			return fmt.Errorf("%s: %w: %s", what, errPrecondition, ce.Message)
		}
		return fmt.Errorf("%s: %w: node %s answered: %w", what, errNodeUnreachable, n.url, err)
	}
	if errors.Is(err, client.ErrNode) {
		return fmt.Errorf("%s: %w: %w", what, errNodeUnreachable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// subnet returns a subnet, or a precondition error naming it when it does
// not exist.
func (e *runEnv) subnet(netuid uint16) (query.Subnet, error) {
	n, err := e.nodeAPI()
	if err != nil {
		return query.Subnet{}, err
	}
	s, err := n.Subnet(e.ctx, netuid, e.queryOpts()...)
	if err != nil {
		var ce *client.Error
		if errors.As(err, &ce) && ce.Code == api.CodeNotFound {
			return s, precondition("subnet %d does not exist", netuid)
		}
		return s, n.nodeError(fmt.Sprintf("subnet %d", netuid), err)
	}
	fixSymbol(&s)
	return s, nil
}

// subnets lists every subnet (at --at-block when set).
func (e *runEnv) subnets() ([]query.Subnet, error) {
	n, err := e.nodeAPI()
	if err != nil {
		return nil, err
	}
	subs, err := n.Subnets(e.ctx, e.queryOpts()...)
	if err != nil {
		return nil, n.nodeError("list subnets", err)
	}
	for i := range subs {
		fixSymbol(&subs[i])
	}
	return subs, nil
}

// fixSymbol gives a subnet without a chain symbol the generic one (τ for
// root, α otherwise), so amounts never show without a unit.
func fixSymbol(s *query.Subnet) {
	if s.Symbol == "" {
		s.Symbol = symbols{}.of(s.Netuid)
	}
}
