package graph

import "strings"

// keyTable finds what an id names, with ids matching as Key says (trimmed,
// case-folded). Unlike a map keyed by Key(id) it keeps no folded copy of
// each id and folds the id looked up on the fly: on a model of a million
// assets that is 70 MB less and no allocation per lookup.
type keyTable struct {
	// slots holds, for each entry, its hash in the upper 32 bits and its
	// index+1 in the lower; 0 is an empty slot. Probing is linear, and the
	// table is at most half full.
	slots []uint64
	ids   []string // as given to put, trimmed
	vals  []int32
}

func newKeyTable(n int) *keyTable {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return &keyTable{
		slots: make([]uint64, size),
		ids:   make([]string, 0, n),
		vals:  make([]int32, 0, n),
	}
}

// get returns the value of the id that matches id.
func (t *keyTable) get(id string) (int32, bool) {
	if t == nil {
		return 0, false
	}
	id = strings.TrimSpace(id)
	h := keyHash(id)
	if e := t.find(id, h); e >= 0 {
		return t.vals[e], true
	}
	return 0, false
}

// put sets the value of id, replacing that of an id that matches it.
func (t *keyTable) put(id string, v int32) {
	id = strings.TrimSpace(id)
	h := keyHash(id)
	if e := t.find(id, h); e >= 0 {
		t.vals[e] = v
		return
	}
	if 2*(len(t.ids)+1) > len(t.slots) {
		t.grow()
	}
	t.ids = append(t.ids, id)
	t.vals = append(t.vals, v)
	t.insert(h, len(t.ids))
}

// find returns the entry whose id matches id (trimmed, of hash h), or -1.
func (t *keyTable) find(id string, h uint32) int {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if uint32(s>>32) == h && keyEqual(t.ids[uint32(s)-1], id) {
			return int(uint32(s) - 1)
		}
	}
}

func (t *keyTable) insert(h uint32, entry int) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = uint64(h)<<32 | uint64(entry)
}

func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	for _, s := range old {
		if s != 0 {
			t.insert(uint32(s>>32), int(uint32(s)))
		}
	}
}

// keyHash hashes Key(id) for an id already trimmed, without building it
// when id is ASCII (FNV-1a, folded to 32 bits).
func keyHash(id string) uint32 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 0x80 {
			return keyHashSlow(id)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * prime
	}
	return uint32(h) ^ uint32(h>>32)
}

func keyHashSlow(id string) uint32 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	k := Key(id)
	h := uint64(offset)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint64(k[i])) * prime
	}
	return uint32(h) ^ uint32(h>>32)
}

// keyEqual reports whether two trimmed ids match as Key says.
func keyEqual(a, b string) bool {
	if len(a) == len(b) {
		i := 0
		for ; i < len(a); i++ {
			x, y := a[i], b[i]
			if x >= 0x80 || y >= 0x80 {
				break
			}
			if x == y {
				continue
			}
			if 'A' <= x && x <= 'Z' {
				x += 'a' - 'A'
			}
			if 'A' <= y && y <= 'Z' {
				y += 'a' - 'A'
			}
			if x != y {
				return false
			}
		}
		if i == len(a) {
			return true
		}
	}
	// Unicode folding may change the length: compare the keys themselves.
	if isASCII(a) && isASCII(b) {
		return false
	}
	return Key(a) == Key(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
