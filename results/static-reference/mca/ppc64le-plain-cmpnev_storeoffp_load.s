	ld 9,0(8)
	cmpd 10,9
	beq .Lout
	std 9,0(6)
	add 9,9,10
	ld 9,0(9)
	std 9,0(8)
.Lout:
