package match

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkCompare(b *testing.B) {
	x := Prepare(Person{Given: "Nakato", Family: "Namubiru", Sex: 'F', BirthYear: 1987, BirthMonth: 3, BirthDay: 14,
		Phone: "+256 772 123 456", Address: "Plot 12 Kalerwe market road", Locality: "Namasagali", Region: "Kamuli", NationalID: "CF87031234ABCD"})
	y := Prepare(Person{Given: "Nakatto", Family: "Namubiru", Sex: 'F', BirthYear: 1987, BirthMonth: 4, BirthDay: 14,
		Phone: "0772 123 456", Address: "Kalerwe market rd plot 12", Locality: "Namasagali", Region: "Kamuli"})
	m := DefaultModel
	b.ReportAllocs()
	for b.Loop() {
		m.Compare(&x, &y)
	}
}

func BenchmarkScore(b *testing.B) {
	x := Prepare(Person{Given: "Nakato", Family: "Namubiru", BirthYear: 1987, BirthMonth: 3, BirthDay: 14, Address: "Plot 12 Kalerwe market road", Locality: "Namasagali"})
	y := Prepare(Person{Given: "Achieng", Family: "Otieno", BirthYear: 1990, BirthMonth: 1, BirthDay: 2, Address: "near the mosque Kalerwe", Locality: "Namasagali"})
	m := DefaultModel
	b.ReportAllocs()
	for b.Loop() {
		m.Score(&x, &y)
	}
}

// synthetic makes n people from small name pools, with one duplicate in ten
// given a typo, so blocks look like a clinic's rather than FEBRL's.
func synthetic(n int) []Prepared {
	r := rand.New(rand.NewPCG(1, 2))
	given := []string{"Nakato", "Achieng", "Wanjiru", "Amina", "Grace", "Okello", "Otieno", "Juma", "Hassan", "Mary", "Priya", "Rahul", "María", "José", "Fatuma", "Kato"}
	family := []string{"Namubiru", "Otieno", "Mwangi", "Kamau", "Hassan", "Mohamed", "Gupta", "Sharma", "García", "Mamani", "Okello", "Wekesa", "Mugisha", "Ali"}
	village := []string{"Balawoli", "Namasagali", "Kakira", "Budondo", "Nakalama", "Nambale", "Kasawo", "Seeta"}
	out := make([]Prepared, 0, n)
	for i := range n {
		p := Person{ID: fmt.Sprint(i), Given: given[r.IntN(len(given))], Family: family[r.IntN(len(family))] + fmt.Sprint(r.IntN(50)),
			BirthYear: 1940 + r.IntN(85), BirthMonth: 1 + r.IntN(12), BirthDay: 1 + r.IntN(28), Locality: village[r.IntN(len(village))]}
		if i%10 == 9 {
			p = out[r.IntN(len(out))].Person()
			p.Family += "h"
		}
		out = append(out, Prepare(p))
	}
	return out
}

func BenchmarkPairs(b *testing.B) {
	people := synthetic(5000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DefaultModel.Pairs(context.Background(), people, nil); err != nil {
			b.Fatal(err)
		}
	}
}
