	addis 11,2,-18
	addi 11,11,-25960
	addis 9,2,-18
	addi 9,9,-25976
	std 9,8(8)
	lwz 0,4(10)
	cmpw 7,0
	bne .Lout
	ld 9,0(6)
	cmpd 5,9
	beq .Lout
	std 9,0(4)
	add 9,9,12
	ld 9,0(9)
	std 9,0(6)
	li 0,0
	std 0,8(8)
.Lout:
