package synth

import (
	"runtime"
	"sync"

	"github.com/otimpact/otimpact/graph"
)

// run makes the model's parts and hands them to emit in order. Sites are
// made by several workers at once, at most a few ahead of emit; with reuse,
// a part's storage serves again once emit has returned.
func (pl plan) run(reuse bool, emit func(part *graph.Model) error) error {
	first := &part{}
	first.shared()
	if err := emit(&first.m); err != nil {
		return err
	}
	workers := min(runtime.GOMAXPROCS(0), pl.sites)
	window := 2 * workers
	var (
		tokens = make(chan struct{}, window)
		ready  = make([]chan *part, window)
		free   = make(chan *part, window)
		done   = make(chan struct{})
		mu     sync.Mutex
		next   = 1
		wg     sync.WaitGroup
	)
	for i := range ready {
		ready[i] = make(chan *part, 1)
		tokens <- struct{}{}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-tokens:
				case <-done:
					return
				}
				select {
				case <-done:
					return
				default:
				}
				mu.Lock()
				s := next
				next++
				mu.Unlock()
				if s > pl.sites {
					return
				}
				var g *part
				select {
				case g = <-free:
					g.reset()
				default:
					g = &part{}
				}
				g.site(s, pl.siteAssets(s), pl.seed)
				ready[s%window] <- g
			}
		}()
	}
	var err error
	for s := 1; s <= pl.sites && err == nil; s++ {
		g := <-ready[s%window]
		err = emit(&g.m)
		if reuse {
			free <- g
		}
		tokens <- struct{}{}
	}
	close(done)
	wg.Wait()
	if err != nil {
		return err
	}
	last := &part{}
	last.scenarios()
	return emit(&last.m)
}
