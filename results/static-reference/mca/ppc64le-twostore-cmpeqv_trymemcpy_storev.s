	addis 9,2,-18
	addi 9,9,-24400
	std 9,0(5)
	addis 9,2,-18
	addi 9,9,-24416
	std 9,8(5)
	lwz 0,4(6)
	cmpw 11,0
	bne .Lout
	ld 0,0(3)
	cmpd 7,0
	bne .Lout
	mr 10,31
	mr 12,4
	mr 8,30
	cmpdi 8,0
	beq .Lb10001b9c
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb10001b80:
	lbz 9,0(10)
	stb 9,0(12)
	addi 10,10,1
	addi 12,12,1
	addi 8,8,-1
	cmpdi 8,0
	bne .Lb10001b80
.Lb10001b9c:
	std 29,0(3)
	li 0,0
	std 0,8(5)
.Lout:
