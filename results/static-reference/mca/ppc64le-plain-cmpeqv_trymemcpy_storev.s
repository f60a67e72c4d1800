	ld 0,0(6)
	cmpd 4,0
	bne .Lout
	mr 10,3
	mr 12,11
	mr 8,7
	cmpdi 8,0
	beq .Lb1000ec1c
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb1000ec00:
	lbz 9,0(10)
	stb 9,0(12)
	addi 10,10,1
	addi 12,12,1
	addi 8,8,-1
	cmpdi 8,0
	bne .Lb1000ec00
.Lb1000ec1c:
	std 25,0(6)
.Lout:
