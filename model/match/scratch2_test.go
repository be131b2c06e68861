package match
import ("testing";"fmt")
func TestScratch2(t *testing.T){
  people, truth, _ := readFEBRL("/work/shared/data/febrl/dataset2.csv")
  prep := make([]Prepared, len(people))
  for i := range people { prep[i] = Prepare(people[i]) }
  var lv [nFields]level
  n := map[int]int{}
  for pr := range truth { compareLevels(&prep[pr[0]], &prep[pr[1]], &DefaultModel, &lv)
    for _, f := range []int{fGiven, fFamily, fBirth, fAddress} {
    if lv[f]==differ && n[f] < 12 { n[f]++; a, b := people[pr[0]], people[pr[1]]
      switch f { case fGiven, fFamily: fmt.Printf("%s: %q %q | %q %q\n", fieldNames[f], a.Given, a.Family, b.Given, b.Family)
      case fBirth: fmt.Printf("birth: %d-%d-%d | %d-%d-%d\n", a.BirthYear, a.BirthMonth, a.BirthDay, b.BirthYear, b.BirthMonth, b.BirthDay)
      case fAddress: fmt.Printf("addr: %q | %q\n", a.Address, b.Address) }
    } }
  }
}
