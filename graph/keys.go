package graph

import "strings"

// keyTable finds the element an id names, with ids matching as Key says
// (trimmed, case-folded). Unlike a map keyed by Key(id) it keeps no copy of
// the ids: it holds a hash and an element number per slot and reads the
// element's own id through idOf, folding case on the fly. On a model of a
// million assets that is 16 MB against a map's 71 MB, and no allocation per
// lookup.
type keyTable struct {
	// slots holds, for each element, its hash in the upper 32 bits and its
	// number+1 in the lower; 0 is an empty slot. Probing is linear, and
	// the table is at most half full.
	slots []uint64
	n     int
	idOf  func(int32) string // the id of element v, trimmed
}

func newKeyTable(n int, idOf func(int32) string) *keyTable {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return &keyTable{slots: make([]uint64, size), idOf: idOf}
}

// get returns the element whose id matches id.
func (t *keyTable) get(id string) (int32, bool) {
	if t == nil {
		return 0, false
	}
	id = strings.TrimSpace(id)
	return t.find(id, keyHash(id))
}

// put records that id names element v. idOf(v) must return id (or an id
// matching it) before the table is next used, and no element may already
// have a matching id.
func (t *keyTable) put(id string, v int32) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	t.n++
	t.insert(keyHash(strings.TrimSpace(id)), v)
}

// find returns the element whose id matches id (trimmed, of hash h).
func (t *keyTable) find(id string, h uint32) (int32, bool) {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if v := int32(uint32(s) - 1); uint32(s>>32) == h && keyEqual(t.idOf(v), id) {
			return v, true
		}
	}
}

// fill puts elements 0, 1, … into an empty table, given the hash of each
// one's id (the ids distinct). It inserts them in the order of their slots,
// so that filling a large table walks it once instead of all over memory.
func (t *keyTable) fill(hashes []uint32) {
	for 2*(t.n+len(hashes)) > len(t.slots) {
		t.grow()
	}
	mask := uint32(len(t.slots) - 1)
	bySlot := make([]uint64, len(hashes))
	for v, h := range hashes {
		bySlot[v] = uint64(h&mask)<<32 | uint64(v)
	}
	radixSortHigh(bySlot)
	for _, x := range bySlot {
		v := int32(uint32(x))
		t.insert(hashes[v], v)
	}
	t.n += len(hashes)
}

func (t *keyTable) insert(h uint32, v int32) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = uint64(h)<<32 | uint64(uint32(v)+1)
}

func (t *keyTable) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	for _, s := range old {
		if s != 0 {
			t.insert(uint32(s>>32), int32(uint32(s)-1))
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
