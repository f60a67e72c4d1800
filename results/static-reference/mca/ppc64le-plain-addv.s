	ld 9,0(8)
	add 9,9,10
	std 9,0(8)
.Lout:
