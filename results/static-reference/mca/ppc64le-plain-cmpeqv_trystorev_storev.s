	ld 0,0(6)
	cmpd 7,0
	bne .Lout
	std 7,0(10)
	std 5,0(6)
.Lout:
