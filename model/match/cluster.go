package match

import "slices"

// maxCluster bounds the clusters closeClusters completes: one person's
// records in a list are a handful; a long chain of matches is more likely
// two people joined through a bad link than one person.
const maxCluster = 8

// clusterFloor is the least score a pair inside a cluster needs to be
// taken as a Match: 0, evidence neither for nor against.
const clusterFloor = 0

// closeClusters completes the clusters the Match pairs form. A list holds
// several records of one person, each corrupted differently: two of them
// may each match the original yet differ from each other in more fields
// than one pair may (FEBRL dataset 3: clusters of up to 6, a third of the
// missed pairs). A pair inside a cluster of matches is taken as a Match
// (Clustered) unless its own evidence is against it: a score below 0, the
// point where its fields say "different people" more than "one person". In
// FEBRL such pairs are copies with two of given name, family name and birth
// date replaced; each still matches the original. A stranger joined to a
// cluster by one bad link shares little with its other members and scores
// below 0 with them, so it is not pulled in further.
func (m *Model) closeClusters(people []Prepared, pairs []Pair) []Pair {
	parent := map[int]int{}
	var find func(int) int
	find = func(x int) int {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	have := make(map[[2]int]int, len(pairs))
	for i, p := range pairs {
		have[[2]int{p.A, p.B}] = i
		if p.Decision == Match {
			for _, x := range []int{p.A, p.B} {
				if _, ok := parent[x]; !ok {
					parent[x] = x
				}
			}
			parent[find(p.A)] = find(p.B)
		}
	}
	clusters := map[int][]int{}
	for x := range parent {
		r := find(x)
		clusters[r] = append(clusters[r], x)
	}
	added := false
	for _, c := range clusters {
		if len(c) < 3 || len(c) > maxCluster {
			continue
		}
		slices.Sort(c)
		for x := range c {
			for y := x + 1; y < len(c); y++ {
				k := [2]int{c[x], c[y]}
				if i, ok := have[k]; ok {
					if pairs[i].Decision == Review {
						pairs[i].Decision, pairs[i].Clustered = Match, true
						added = true
					}
					continue
				}
				cmp := m.Compare(&people[k[0]], &people[k[1]])
				if cmp.Score >= clusterFloor {
					pairs = append(pairs, Pair{A: k[0], B: k[1], Comparison: cmp, Decision: Match, Clustered: true})
					added = true
				}
			}
		}
	}
	if added {
		slices.SortStableFunc(pairs, func(a, b Pair) int {
			switch {
			case a.Comparison.Score > b.Comparison.Score:
				return -1
			case a.Comparison.Score < b.Comparison.Score:
				return 1
			}
			return 0
		})
	}
	return pairs
}
