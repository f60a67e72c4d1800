	ld 0,0(7)
	cmpd 8,0
	bne .Lout
	std 6,0(7)
.Lout:
